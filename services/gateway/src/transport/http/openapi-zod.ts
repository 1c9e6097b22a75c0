import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

// Adds `.openapi()` so schemas that validate requests also name themselves in the generated document.
extendZodWithOpenApi(z);

export { z };
