import { openPglite } from "./support/databases";
import { describeApiKeyStoreContract } from "./support/api-key.contract";

describeApiKeyStoreContract("pglite (in memory)", openPglite);
