import Testing
@testable import Wizard

@Suite struct KeyDecoderTests {
    @Test func controlCharactersBecomeKeys() {
        #expect(KeyDecoder.character(3) == .ctrl("c"))
        #expect(KeyDecoder.character(12) == .ctrl("l"))
        #expect(KeyDecoder.character(27) == .escape)
        #expect(KeyDecoder.character(13) == .enter)
        #expect(KeyDecoder.character(9) == .tab)
        #expect(KeyDecoder.character(127) == .backspace)
        #expect(KeyDecoder.character(0x259) == .char("ə"))
    }

    @Test func functionKeysAndResize() {
        #expect(KeyDecoder.function(KeyDecoder.code(f: 5)) == .f(5))
        #expect(KeyDecoder.function(KeyDecoder.code(f: 12)) == .f(12))
        #expect(KeyDecoder.function(KeyDecoder.resizeCode) == .resize)
        #expect(KeyDecoder.function(KeyDecoder.backTabCode) == .backTab)
    }
}
