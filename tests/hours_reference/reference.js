// The OSM reference implementation (npm opening_hours, installed by `make setup` into .node/)
// evaluated for tests/engine/test_hours_reference.py: one process for all instants.
//
// stdin:  {"cases": [{"expression": "Mo-Fr 10:00-13:00", "instants": [<ms since epoch>, ...]}]}
// stdout: {"states": [["open" | "closed" | "unknown", ...], ...]}  (one list per case)
"use strict";

// Wall-clock times are Copenhagen's; set before the first Date is made.
process.env.TZ = "Europe/Copenhagen";

const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..", "..");
const OpeningHours = require(path.join(root, ".node", "node_modules", "opening_hours"));

// Public holidays come from the country code; no coordinates (no sunrise/sunset is compared).
const NOMINATIM = { address: { country_code: "dk", state: "Region Hovedstaden" } };

// July in Copenhagen is UTC+2: a wrong TZ would make every comparison meaningless.
if (new Date(Date.UTC(2026, 6, 1, 12)).getTimezoneOffset() !== -120) {
  process.stderr.write("TZ Europe/Copenhagen is not available to node\n");
  process.exit(2);
}

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const states = input.cases.map(({ expression, instants }) => {
  const hours = new OpeningHours(expression, NOMINATIM);
  return instants.map((ms) => {
    const when = new Date(ms);
    if (hours.getUnknown(when)) return "unknown";
    return hours.getState(when) ? "open" : "closed";
  });
});
process.stdout.write(JSON.stringify({ states }));
