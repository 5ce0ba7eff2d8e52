// A number where the operation's resource name goes.
// expect: TS2322 number
import { cancelAndWait } from 'lro-cancel';
await cancelAndWait({ service: 'gkehub', name: 1732350000000, accessToken: 'ya29.token' }); // misuse
