import DynamoModel
#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: docs/ARCHITECTURE.md, "Dependencies"
#else
import Foundation
#endif

/// The settings a CreateTable or UpdateTable request carries beyond keys and capacity.
enum TableSettingsRequest {
    static let streamViewTypes = ["OLD_IMAGE", "KEYS_ONLY", "NEW_AND_OLD_IMAGES", "NEW_IMAGE"]

    /// StreamSpecification as the service's model declares it (enum order as the service prints it).
    static let streamSpecification: Shape = .structure([
        Field("StreamEnabled", .boolean, .notNull),
        Field("StreamViewType", .string, .oneOf(streamViewTypes)),
    ])

    /// The settings of a new table; checked before the table is created, so a bad tag creates nothing.
    static func forCreateTable(_ request: Request, now: Double) throws(DynamoError) -> TableSettings {
        var settings = TableSettings()
        settings.tags = try Tagging.tags(request["Tags"])
        if settings.tags.count > Tagging.limit { throw DynamoError.validation(Messages.tooManyTags) }
        if let stream = request["StreamSpecification"] {
            let enabled = Request(stream).bool("StreamEnabled") ?? false
            let viewType = Request(stream).string("StreamViewType")
            if enabled && viewType == nil { throw DynamoError.validation(Messages.createStreamNeedsViewType) }
            if !enabled && viewType != nil { throw DynamoError.validation(Messages.createStreamDisabledWithViewType) }
            if enabled {
                settings.streamViewType = viewType
                settings.latestStreamLabel = streamLabel(now)
            }
        }
        settings.tableClass = request.string("TableClass")
        settings.deletionProtectionEnabled = request.bool("DeletionProtectionEnabled")
        return settings
    }

    /// A stream label as DynamoDB Local 1.13.5 writes it: the UTC time with milliseconds,
    /// e.g. `2026-11-29T18:23:39.358` (the stream ARN is the table ARN + `/stream/` + label).
    static func streamLabel(_ seconds: Double) -> String {
        let milliseconds = Int((seconds * 1000).rounded())  // to the nearest, as DateFormatter did
        let (days, dayMilliseconds) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let (day, ms) = dayMilliseconds < 0 ? (days - 1, dayMilliseconds + 86_400_000) : (days, dayMilliseconds)
        let (year, month, date) = CivilDate.civil(fromDays: Int64(day))
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(date, 2))T\(pad(ms / 3_600_000, 2)):\(pad(ms / 60_000 % 60, 2))"
            + ":\(pad(ms / 1000 % 60, 2)).\(pad(ms % 1000, 3))"
    }
}
