// Type definitions for `lro-cancel/catalogue`, the package's second entry point: the service
// catalogue as text, for `registerCatalogue` from 'lro-cancel'. The build copies this file to
// pkg/catalogue.d.ts next to the generated pkg/catalogue.js.

/**
 * The full service catalogue: every Google API version whose Discovery document has an
 * Operations mixin with a name-based `:cancel` (about 175 rows, ids `api.version` such as
 * `'aiplatform.v1'`), as the tab-separated text of the repository's `data/catalogue.tsv`.
 *
 * It lives in its own module so that the core (`lro-cancel`) stays small: only the pages that
 * import it download it (36 KB raw, under 5 KB gzip). Importing it has no effect of its own:
 * pass it to `registerCatalogue`, after `init()`.
 *
 * @example
 * ```ts
 * import init, { registerCatalogue, services } from 'lro-cancel';
 * import { catalogue } from 'lro-cancel/catalogue';
 * await init();
 * registerCatalogue(catalogue); // returns how many services are known now
 * services('container'); // [{ id: 'container.v1', … }, { id: 'container.v1beta1', … }]
 * ```
 * @example Loaded only when needed (a separate chunk with a bundler)
 * ```ts
 * const { catalogue } = await import('lro-cancel/catalogue');
 * registerCatalogue(catalogue);
 * ```
 */
export declare const catalogue: string;

/** The same text as {@link catalogue}, as the module's default export. */
export default catalogue;
