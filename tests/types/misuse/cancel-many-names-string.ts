// One name where cancelMany wants a list of names.
// expect: TS2322 string[]
import { cancelMany } from 'lro-cancel';
await cancelMany({ service: 'gkehub', names: 'projects/p/locations/l/operations/o', accessToken: 't' }); // misuse
