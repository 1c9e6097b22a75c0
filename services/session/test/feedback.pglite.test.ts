import { openPglite } from "./support/databases";
import { describeFeedbackContract } from "./support/feedback.contract";

describeFeedbackContract("pglite (in memory)", openPglite);
