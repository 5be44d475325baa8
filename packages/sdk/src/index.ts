export * from './open-anvil.js';
export type { Artifact, ArtifactReport } from '@anvil/codegen-c';
export { loadModel } from './load-model.js';
export { writeArtifact, MARKER } from './write-artifact.js';
