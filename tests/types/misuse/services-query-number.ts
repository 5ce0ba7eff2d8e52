// services() filters by a text query, not by an index.
// expect: TS2345 number
import { services } from 'lro-cancel';
console.log(services(3)); // misuse
