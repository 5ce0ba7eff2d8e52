// Calling without the access token.
// expect: TS2345 accessToken
import { cancelOperation } from 'lro-cancel';
declare const name: string;
await cancelOperation({ service: 'gkehub', name }); // misuse
