import ArgumentParser
import MigrationCore
import Wizard
import PostgresSandbox

@main
struct EduMigrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edu-migrate",
        abstract: "Guided, zero-loss migration of the edu database onto the normalized schema.")

    func run() async throws {
        print("edu-migrate: ncurses \(ncursesVersion())")
    }
}
