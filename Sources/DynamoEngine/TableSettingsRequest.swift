import DynamoModel
import Foundation

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
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
