import { describe, expect, it } from "vitest";
import { connectionBudgetWarning, connectionsNeeded, embeddedMaxConnections } from "../../app/db/connection-budget.server";

describe("the connections a server may open", () => {
  it("are the main process's pools (app 10, owner 3) and its worker's (5)", () => {
    expect(connectionsNeeded({ webProcesses: 1, worker: true })).toBe(18);
    expect(connectionsNeeded({ webProcesses: 1, worker: false })).toBe(13);
  });

  it("add ten for each forked web process", () => {
    expect(connectionsNeeded({ webProcesses: 2, worker: true })).toBe(38);
    expect(connectionsNeeded({ webProcesses: 64, worker: true })).toBe(658);
  });
});

describe("the embedded PostgreSQL's max_connections", () => {
  it("stays at PostgreSQL's default while the pools fit in it with ten to spare", () => {
    expect(embeddedMaxConnections(18)).toBe(100);
    expect(embeddedMaxConnections(90)).toBe(100);
  });

  it("grows with the pools beyond that", () => {
    expect(embeddedMaxConnections(91)).toBe(101);
    expect(embeddedMaxConnections(658)).toBe(668);
  });
});

describe("the warning for an external PostgreSQL", () => {
  const limits = { maxConnections: 100, reserved: 3 };

  it("is silent while the pools fit in what ordinary roles are admitted", () => {
    expect(connectionBudgetWarning(limits, 97, 8)).toBeNull();
    expect(connectionBudgetWarning(limits, 18, 1)).toBeNull();
  });

  it("names the processes, both figures and what to change", () => {
    expect(connectionBudgetWarning(limits, 98, 8)).toBe(
      "WARNING: 8 web processes (WEB_PROCESSES) and the main process may open up to 98 connections to PostgreSQL, which admits 97 " +
        "(max_connections 100, 3 reserved); under load requests would be refused with 503. Raise max_connections to at least 111 or lower WEB_PROCESSES.",
    );
    expect(connectionBudgetWarning({ maxConnections: 20, reserved: 3 }, 18, 1)).toMatch(/^WARNING: this server may open up to 18 connections to PostgreSQL, which admits 17 /);
  });
});
