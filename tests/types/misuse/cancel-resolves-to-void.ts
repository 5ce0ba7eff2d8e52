// cancelOperation resolves to nothing; the operation comes from getOperation or cancelAndWait.
// expect: TS2339 done
import { cancelOperation } from 'lro-cancel';
declare const name: string;
const op = await cancelOperation({ service: 'gkehub', name, accessToken: 't' });
console.log(op.done); // misuse
