// Entry of a document reader thread where the service runs from its TypeScript sources
// (`node --import tsx`, or SWC under jest); a compiled service starts dist/read-worker.js
// instead (scripts/build-services.mjs). A worker thread does not share
// a test runner's transform, and loader hooks registered from inside a worker do not
// reach its own imports on every Node version; tsx's require hook is plain in-thread
// state, so it is registered here and the (CommonJS) read task required through it.
require("tsx/cjs/api").register();
require("./read-task.ts");
