// A token function that returns something other than a string.
// expect: TS2322 number
import { cancelOperation } from 'lro-cancel';
declare const name: string;
await cancelOperation({ service: 'gkehub', name, accessToken: () => 42 }); // misuse
