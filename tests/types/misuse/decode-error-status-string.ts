// The HTTP status as a string.
// expect: TS2345 string
import { decodeError } from 'lro-cancel';
declare const body: string;
const e = decodeError('404', body); // misuse
console.log(e.code);
