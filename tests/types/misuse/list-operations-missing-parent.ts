// Listing without the parent (`name`) to list under.
// expect: TS2345 name
import { listOperations } from 'lro-cancel';
await listOperations({ service: 'clouddeploy', filter: 'done=false', accessToken: 't' }); // misuse
