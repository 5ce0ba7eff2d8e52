// The concurrency as a string.
// expect: TS2322 string
import { cancelMany } from 'lro-cancel';
declare const names: string[];
await cancelMany({ service: 'gkehub', names, accessToken: 't', concurrency: '8' }); // misuse
