/**
 * The test harness every suite shares (see README.md): the example mesh as a fixture, one table of personas,
 * publishing the mesh to a catalog and starting its server.
 */
export {
  ACME,
  buildExampleMesh,
  copyExampleMesh,
  type ExampleMesh,
  exampleMeshSource,
  loadExampleMesh,
  productTexts,
} from './example-mesh.js';
export { PERSONAS, type Persona, type PersonaKey, SEEDED_PERSONAS, seedPersonas } from './personas.js';
export { type PublishAllOptions, publishAll } from './publish-all.js';
export {
  type InjectResponse,
  type Method,
  type StartServerOptions,
  startServer,
  type TestServer,
} from './start-server.js';
