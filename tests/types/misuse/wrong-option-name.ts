// A misspelt option: `servce` instead of `service`.
// expect: TS2353|TS2561 servce
import { cancelOperation } from 'lro-cancel';
declare const name: string;
await cancelOperation({ servce: 'gkehub', name, accessToken: 'ya29.token' }); // misuse
