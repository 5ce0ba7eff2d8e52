// A number as the access token.
// expect: TS2322 number
import { getOperation } from 'lro-cancel';
declare const name: string;
await getOperation({ service: 'vault', name, accessToken: 5 }); // misuse
