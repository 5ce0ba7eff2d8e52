// The last page has no nextPageToken: it is `string | undefined`, not `string`.
// expect: TS2322 undefined
import { listOperations } from 'lro-cancel';
const page = await listOperations({ service: 'clouddeploy', name: 'projects/p/locations/l', accessToken: 't' });
const next: string = page.nextPageToken; // misuse
console.log(next);
