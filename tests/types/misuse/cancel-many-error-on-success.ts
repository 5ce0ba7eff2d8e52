// A successful result has no error: `r.ok && r.error` reads it on the success branch.
// expect: TS2339 error
import { cancelMany } from 'lro-cancel';
declare const names: string[];
const results = await cancelMany({ service: 'gkehub', names, accessToken: 't' });
const messages = results.map((r) => r.ok && r.error.message); // misuse
console.log(messages);
