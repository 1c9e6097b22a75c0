/**
 * Defined (as true) by scripts/build-services.mjs, through esbuild's `define`, in a service
 * compiled to services/<name>/dist/main.js; undeclared where the TypeScript sources run
 * (tsx, jest), so `typeof` finds it undefined there.
 */
declare const __CHATBOT_COMPILED__: boolean | undefined;

/**
 * The folder of the compiled service (its dist/, which holds main.js) when the service runs
 * compiled; undefined when it runs from its TypeScript sources. Files a service reads by path
 * at run time are beside the bundle there, where the build puts them: the .proto files
 * (dist/proto), the chat page (dist/web), the document reader thread's entry (dist/read-worker.js).
 * In the bundle every module's `__dirname` is that folder.
 */
export const compiledDir: string | undefined = typeof __CHATBOT_COMPILED__ !== "undefined" && __CHATBOT_COMPILED__ ? __dirname : undefined;
