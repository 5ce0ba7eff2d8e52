// A status name that does not exist (NOT_FOUND has an underscore).
// expect: TS2367 NOTFOUND
import { decodeError } from 'lro-cancel';
const e = decodeError(404, '');
if (e.status === 'NOTFOUND') console.log('gone'); // misuse
