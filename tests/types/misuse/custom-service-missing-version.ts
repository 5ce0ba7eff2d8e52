// A custom service without its API version.
// expect: TS2741|TS2322 version
import { buildCancelRequest } from 'lro-cancel';
buildCancelRequest({ service: { host: 'aiplatform.googleapis.com', templates: ['projects/*/operations/*'] }, name: 'projects/p/operations/o' }); // misuse
