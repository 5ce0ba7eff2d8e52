// registerCatalogue takes the text of the catalogue, not the module object.
// expect: TS2345 string
import { registerCatalogue } from 'lro-cancel';
const mod = await import('lro-cancel/catalogue');
registerCatalogue(mod); // misuse
