// google.rpc.Code has no 17.
// expect: TS2367 17
import { LroError } from 'lro-cancel';
declare const e: unknown;
if (e instanceof LroError && e.code === 17) console.log(e.message); // misuse
