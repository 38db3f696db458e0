import Foundation
import MigrationCore
import Testing

/// The plan reference cannot drift: it is generated from the vocabulary the validator checks.
@Suite struct PlanVocabularyTests {
    @Test func everyStepKindIsDescribed() {
        for kind in StepKind.allCases {
            #expect(PlanVocabulary.spec(kind) != nil, "\(kind.rawValue) has no entry in PlanVocabulary")
        }
    }

    /// `Assets/plan/README.md` is `edu-migrate plan --reference`; regenerate it when this fails.
    @Test func theReferenceInAssetsIsTheGeneratedOne() throws {
        let file = Fixture.realAssets.appendingPathComponent("plan/README.md")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(
            text == PlanVocabulary.reference(),
            "Assets/plan/README.md is stale: run `swift run edu-migrate plan --reference > Assets/plan/README.md`")
        for kind in StepKind.allCases { #expect(text.contains("## `\(kind.rawValue)`")) }
    }

    /// Every param the real plan uses is in the vocabulary (the validator refuses unknown ones).
    @Test func theRealPlanUsesOnlyKnownParams() throws {
        let plan = try PlanLoader.load(assets: Fixture.realAssets)
        for step in plan.stages.flatMap(\.steps) {
            let known = Set(((PlanVocabulary.spec(step.kind)?.params ?? []) + PlanVocabulary.common).map(\.name))
            #expect(Set(step.params.keys).isSubset(of: known), "\(step.id): \(step.params.keys.sorted())")
        }
    }
}
