// A misspelt retry option: `maxAttempt` instead of `maxAttempts`.
// expect: TS2353|TS2561 maxAttempt
import { cancelOperation } from 'lro-cancel';
declare const name: string;
await cancelOperation({ service: 'gkehub', name, accessToken: 't', retry: { maxAttempt: 3 } }); // misuse
