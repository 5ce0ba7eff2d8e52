// The full catalogue is not in the core entry point: it comes from 'lro-cancel/catalogue'.
// expect: TS2305|TS2614 catalogue
import { catalogue, registerCatalogue } from 'lro-cancel'; // misuse
registerCatalogue(catalogue);
