import { scaledTimeout } from "./machine-pace";

// Every test and hook gets 30 s on a quiet machine, more on a busy one (see machinePace).
jest.setTimeout(scaledTimeout(30_000));
