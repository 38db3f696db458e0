import CNCurses

/// Turns ncurses key codes and characters into `Key`s.
enum KeyDecoder {
    /// A function-key code from `wget_wch` (KEY_CODE_YES).
    static func function(_ code: Int32) -> Key? {
        switch code {
        case shim_key_up(): return .up
        case shim_key_down(): return .down
        case shim_key_left(): return .left
        case shim_key_right(): return .right
        case shim_key_ppage(): return .pageUp
        case shim_key_npage(): return .pageDown
        case shim_key_home(): return .home
        case shim_key_end(): return .end
        case shim_key_btab(): return .backTab
        case shim_key_backspace(): return .backspace
        case shim_key_dc(): return .delete
        case shim_key_enter(): return .enter
        case shim_key_resize(): return .resize
        default:
            for n in 1...12 where code == shim_key_f(Int32(n)) { return .f(n) }
            return nil
        }
    }

    /// ncurses codes, for tests that must not import CNCurses themselves.
    static func code(f n: Int) -> Int32 { shim_key_f(Int32(n)) }
    static var resizeCode: Int32 { shim_key_resize() }
    static var backTabCode: Int32 { shim_key_btab() }

    /// A plain character (control characters included).
    static func character(_ c: UInt32) -> Key? {
        switch c {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26:
            return .ctrl(Character(UnicodeScalar(UInt8(c) + 96)))
        default:
            guard let u = UnicodeScalar(c) else { return nil }
            return .char(Character(u))
        }
    }
}
