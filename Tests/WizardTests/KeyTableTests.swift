import Testing
import Wizard

@Suite struct KeyTableTests {
    @Test func noKeyIsBoundTwiceOnOneScreen() {
        for kind in ScreenKind.allCases {
            let keys = KeyTable.bindings(on: kind).flatMap(\.keys)
            #expect(Set(keys).count == keys.count, "duplicate key on \(kind)")
        }
    }

    @Test func styleKeysWorkEverywhere() {
        for kind in ScreenKind.allCases where kind != .dialog {
            #expect(KeyTable.action(for: .char("?"), on: kind) == .help)
            #expect(KeyTable.action(for: .f(1), on: kind) == .help)
            #expect(KeyTable.action(for: .escape, on: kind) == .back)
            #expect(KeyTable.action(for: .char("q"), on: kind) == .quit)
            #expect(KeyTable.action(for: .ctrl("l"), on: kind) == .redraw)
        }
        #expect(KeyTable.action(for: .char("j"), on: .phase) == .down)
        #expect(KeyTable.action(for: .down, on: .phase) == .down)
        #expect(KeyTable.action(for: .char("k"), on: .checklist) == .up)
    }

    @Test func everyFunctionKeyHasALetterAlias() {
        for b in KeyTable.bindings
        where b.keys.contains(where: { if case .f = $0 { return true } else { return false } }) {
            let hasLetter = b.keys.contains { if case .char = $0 { return true } else { return false } }
            #expect(hasLetter, "\(b.label) has no letter alias")
        }
        #expect(KeyTable.action(for: .f(5), on: .phase) == .run)
        #expect(KeyTable.action(for: .char("r"), on: .phase) == .run)
        #expect(KeyTable.action(for: .f(8), on: .phase) == .cancel)
        #expect(KeyTable.action(for: .char("c"), on: .phase) == .cancel)
        #expect(KeyTable.action(for: .f(9), on: .checklist) == .override)
        #expect(KeyTable.action(for: .char("o"), on: .checklist) == .override)
    }

    @Test func workKeysAreNotBoundWhereTheyDoNothing() {
        #expect(KeyTable.action(for: .char("r"), on: .start) == nil)
        #expect(KeyTable.action(for: .char("u"), on: .overview) == nil)
        #expect(KeyTable.action(for: .char("c"), on: .help) == nil)
    }
}
