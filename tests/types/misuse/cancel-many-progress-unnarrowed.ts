// A progress event has an error only when `ok` is false: reading it unchecked does not compile.
// expect: TS2339 error
import { cancelMany } from 'lro-cancel';
declare const names: string[];
await cancelMany({ service: 'gkehub', names, accessToken: 't', onProgress: (e) => console.log(e.error.message) }); // misuse
