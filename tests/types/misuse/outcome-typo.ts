// Comparing the outcome with a literal it can never be (American spelling).
// expect: TS2367 canceled
import { cancelAndWait } from 'lro-cancel';
declare const name: string;
const r = await cancelAndWait({ service: 'gkehub', name, accessToken: 'ya29.token' });
if (r.outcome === 'canceled') console.log('done'); // misuse
