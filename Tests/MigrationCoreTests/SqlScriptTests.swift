import Foundation
import Testing
@testable import MigrationCore

@Suite struct SqlScriptTests {
    @Test func splitsAtTopLevelSemicolonsOnly() throws {
        let text = try String(
            contentsOf: Fixture.assets("good").appendingPathComponent("sql/fixture/create.sql"), encoding: .utf8)
        let script = SqlScript(file: "create.sql", text: text + "\n/* trailing; comment */\n-- only a comment;\n")
        #expect(script.statements.map(\.line) == [2, 4, 5, 6, 7])
        #expect(script.statements[0].label == "fixture people")
        #expect(script.statements[2].sql.contains("'Ann; not a split'"))
        #expect(script.statements[2].sql.contains("$$Bob's$$"))
        #expect(script.statements[4].sql.hasSuffix("END $body$"))
        #expect(script.statements[4].sql.contains("'ok;still'"))
    }

    @Test func labelsUseTheFirstCommentLineAndQuotedIdentifiersSurvive() {
        let text = "-- Title line\n-- more detail; not code\nSELECT \"a;b\", E'it\\'s;' AS x, $1::int\n;\nSELECT 2"
        let s = SqlScript(file: "x.sql", text: text)
        #expect(s.statements.count == 2)
        #expect(s.statements[0].label == "Title line")
        #expect(s.statements[0].line == 3)
        #expect(s.statements[0].comment == "Title line\nmore detail; not code")
        #expect(s.statements[1].label == "SELECT 2")
    }

    @Test func variablesBecomeQuotedIdentifiersAndLiterals() {
        let out = SqlVariables.substitute(
            "CREATE DATABASE :\"target_database\" LOCALE = :'locale' -- x::text",
            ["target_database": "edu\"new", "locale": "it's"])
        #expect(out == "CREATE DATABASE \"edu\"\"new\" LOCALE = 'it''s' -- x::text")
    }
}

/// Issue 13 item 3: the live panel's `Statement:` line is code, never a comment.
@Suite struct StatementCodeLineTests {
    @Test func theCodeLineSkipsCommentsAboveAndBeside() {
        let script = SqlScript(
            file: "f.sql",
            text: """
                -- No nested loops: nothing here has an index
                SET LOCAL enable_nestloop = off;  -- why
                -- Load persons
                --
                INSERT INTO public.persons
                SELECT 1;
                """)
        #expect(script.statements.map(\.codeLine) == ["SET LOCAL enable_nestloop = off", "INSERT INTO public.persons"])
        #expect(script.statements[0].label.hasPrefix("No nested loops"), "validation titles keep the comment")
    }
}
