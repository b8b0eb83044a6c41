/**
 * meshwork: the command (`bin/meshwork.js` runs {@link main}), and the pieces of `meshwork up` that other
 * programs compose to serve a mesh in their own process (the web UI's browser tests do).
 */

export { type LoadedMesh, loadMeshAt } from './io/load-mesh-at.js';
export { type ProductPayload, productPayload } from './io/product-payload.js';
export { type DevUser, seedDevUsers } from './io/seed-users.js';
export { EXIT, main } from './main.js';
