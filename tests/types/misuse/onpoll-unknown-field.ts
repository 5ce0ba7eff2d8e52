// PollEvent has `poll`, not `pollCount`.
// expect: TS2339 pollCount
import { cancelAndWait } from 'lro-cancel';
declare const name: string;
await cancelAndWait({ service: 'gkehub', name, accessToken: 't', onPoll: (e) => console.log(e.pollCount) }); // misuse
