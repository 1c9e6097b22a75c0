import { openPostgres } from "./support/databases";
import { describeFeedbackContract } from "./support/feedback.contract";

describeFeedbackContract("postgres", openPostgres);
