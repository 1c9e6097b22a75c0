import express, { type Router } from "express";
import { webDistDir, webPageFiles } from "@chatbot/web";

/** What `/` answers when packages/web has not been built: the API works regardless. */
export const PAGE_NOT_BUILT =
  "웹 채팅 페이지가 아직 빌드되지 않았습니다. `node scripts/ensure-installed.mjs`(npm start와 npm test가 먼저 실행합니다)로 빌드하세요. API는 /api, 문서는 /docs에 있습니다.\n" +
  "The web chat page has not been built. Build it with `node scripts/ensure-installed.mjs` (npm start and npm test run it first). The API is under /api, its documentation at /docs.\n";

/**
 * The chat page from packages/web at `/`, its content-hashed files under `/assets/`.
 * Access: public, like /docs. These are static files of this repository and carry nothing
 * of any tenant; everything the page shows it asks /api for, with the user's key, where
 * each route's own guard applies. `index.html` is revalidated on every load (no-cache, with
 * Last-Modified; the app sends no ETags) so a new build is picked up at once; the assets it names change name with their
 * content and are cached for a year as immutable. The page is looked up per request, so a
 * gateway started before the build serves it as soon as it exists.
 */
export function webPageRoutes(dir: string = webDistDir): Router {
  const router = express.Router({ caseSensitive: true });
  router.get("/", (_request, response, next) => {
    const files = webPageFiles(dir);
    if (!files) {
      response.status(503).type("text/plain; charset=utf-8").set("Cache-Control", "no-store").send(PAGE_NOT_BUILT);
      return;
    }
    response.sendFile(files.index, { headers: { "Cache-Control": "no-cache" } }, (error) => {
      if (error && !response.headersSent) next(error);
    });
  });
  router.use(
    "/assets",
    express.static(`${dir}/assets`, { index: false, redirect: false, dotfiles: "ignore", immutable: true, maxAge: "365d", fallthrough: true }),
  );
  return router;
}
