import Foundation
@testable import MigrationCore
import StandInApp
import Testing

@Suite struct HttpCheckTests {
    @Test func clientReadsStatusAndBodyFromStandInApp() async throws {
        let app = StandInApp(conninfo: "host=/nonexistent dbname=edu")
        try app.start()
        defer { app.stop() }
        #expect(app.apiPort > 0 && app.frontendPort > 0 && app.apiPort != app.frontendPort)
        let ping = try await HttpClient.get(app.apiBaseURL + "/ping")
        #expect(ping.status == 200)
        #expect(String(decoding: ping.body, as: UTF8.self) == "{\"status\":\"ok\"}")
        let missing = try await HttpClient.get(app.apiBaseURL + "/nope")
        #expect(missing.status == 404)
        let health = try await HttpClient.get(app.apiBaseURL + "/health")
        #expect(health.status == 503)
    }

    @Test func clientReportsRefusedConnection() async throws {
        let app = StandInApp(conninfo: "dbname=edu")
        try app.start()
        let url = app.apiBaseURL + "/ping"
        app.stop()
        await #expect(throws: HttpError.self) { try await HttpClient.get(url, timeout: 2) }
    }

    @Test func executorPassesAndFailsPerEndpoint() async throws {
        let app = StandInApp(conninfo: "host=/nonexistent dbname=edu")
        try app.start()
        defer { app.stop() }
        var config = MigrationConfig(source: "dbname=edu")
        config.endpoints = [
            .init(name: "ping", url: app.apiBaseURL + "/ping", expect: "json"),
            .init(name: "health", url: app.apiBaseURL + "/health"),
        ]
        let rec = Recorder()
        let ok = Step(
            id: "integration.http-before", title: "t", kind: .http,
            params: ["endpoints": .list([.string("ping")]), "label": .string("before")])
        #expect(try await HttpExecutor().run(ok, context: rec.context(config: config)) == .passed)
        #expect(rec.tables.first?.title == "HTTP checks (before)")
        #expect(rec.tables.first?.status == [.pass])

        let rec2 = Recorder()
        let all = Step(
            id: "integration.http-after", title: "t", kind: .http,
            params: ["endpoints": .string("all"), "label": .string("after")])
        await #expect(throws: StepFailure.self) {
            try await HttpExecutor().run(all, context: rec2.context(config: config))
        }
        #expect(rec2.checks.map(\.0) == ["endpoint:ping", "endpoint:health"])
        #expect(rec2.checks.map(\.1) == [.pass, .fail])
    }

    @Test func jsonSanityRejectsEmptyLists() throws {
        let wire = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n[]\r\n0\r\n\r\n".utf8)
        let r = try HttpWire.parse(wire)
        #expect(r.status == 200)
        #expect(String(decoding: r.body, as: UTF8.self) == "[]")
        #expect(EndpointCheck.jsonSanity(r.body).0 == false)
        #expect(EndpointCheck.jsonSanity(Data("[{\"id\":1}]".utf8)).0 == true)
        #expect(EndpointCheck.jsonSanity(Data("<html>".utf8)).0 == false)
        let error = EndpointCheck.jsonSanity(Data("{\"error\":\"database unavailable\"}".utf8))
        #expect(error.0 == false && error.1.contains("database unavailable"), "\(error.1)")
        #expect(EndpointCheck.jsonSanity(Data("{\"data\":[1],\"error\":null}".utf8)).0 == true)
    }
}
