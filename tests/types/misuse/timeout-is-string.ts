// A string where milliseconds go.
// expect: TS2322 string
import { cancelOperation } from 'lro-cancel';
declare const name: string;
await cancelOperation({ service: 'gkehub', name, accessToken: 't', timeoutMs: '5000' }); // misuse
