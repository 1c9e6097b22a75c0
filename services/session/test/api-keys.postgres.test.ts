import { openPostgres } from "./support/databases";
import { describeApiKeyStoreContract } from "./support/api-key.contract";

describeApiKeyStoreContract("postgres", openPostgres);
