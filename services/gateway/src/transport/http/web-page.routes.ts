import { join } from "node:path";
import express, { type Router } from "express";
import { AppError, compiledDir } from "@chatbot/core";
import { webDistDir, webPageFiles } from "@chatbot/web";

/** What `/` says when packages/web has not been built (503 `web_page_not_built`, in the API's error shape): the API works regardless. */
export const PAGE_NOT_BUILT =
  "The web chat page has not been built: run `node scripts/ensure-installed.mjs` (npm start and npm test run it first). " +
  "The API is under /api, its documentation at /docs. 웹 채팅 페이지가 아직 빌드되지 않았습니다. `node scripts/ensure-installed.mjs`로 빌드하세요.";

/** packages/web/dist; in a compiled gateway the copy the build puts beside it (dist/web). */
export function defaultWebPageDir(): string {
  return compiledDir ? join(compiledDir, "web") : webDistDir;
}

/**
 * The chat page from packages/web at `/`, its content-hashed files under `/assets/`.
 * Access: public, like /docs. These are static files of this repository and carry nothing
 * of any tenant; everything the page shows it asks /api for, with the user's key, where
 * each route's own guard applies. `index.html` is revalidated on every load (no-cache, with
 * Last-Modified; the app sends no ETags) so a new build is picked up at once; the assets it
 * names change name with their content and are cached for a year as immutable. The page is
 * looked up per request, so a gateway started before the build serves it once it exists.
 */
export function webPageRoutes(dir: string = defaultWebPageDir()): Router {
  const router = express.Router({ caseSensitive: true });
  router.get("/", (_request, response, next) => {
    const files = webPageFiles(dir);
    if (!files) {
      next(new AppError("unavailable", "web_page_not_built", PAGE_NOT_BUILT));
      return;
    }
    response.sendFile(files.index, { headers: { "Cache-Control": "no-cache" } }, (error) => {
      if (error && !response.headersSent) next(error);
    });
  });
  router.use("/assets", express.static(join(dir, "assets"), { index: false, redirect: false, dotfiles: "ignore", immutable: true, maxAge: "365d", fallthrough: true }));
  return router;
}
