using LiteDB;
using Nod.Model;

namespace Nod.Storage.LiteDb.Internal.Documents;

/// <summary>
/// Maps <see cref="Message"/> to and from its document. The document's <c>_id</c> is the message's key (see
/// <see cref="MessageIds"/>), or the message id itself for an id this database did not mint and for documents written
/// before keys; <c>id</c> holds the message id. <see cref="ConversationKey"/> (conversation, seq) pages history and finds a
/// conversation's messages for the agent deletion cascade; no other index, so a message write costs two index entries.
/// </summary>
internal static class MessageDocument
{
    public const string ConversationKey = "ck";

    public static BsonDocument From(Message message, long? key) => new()
    {
        ["_id"] = key is { } k ? new BsonValue(k) : new BsonValue(message.Id),
        ["id"] = message.Id,
        ["seq"] = message.Seq,
        ["conv"] = message.ConversationId,
        ["agent"] = message.AgentId,
        ["sender"] = (int)message.Sender,
        ["sid"] = Bson.Text(message.SenderId),
        ["sname"] = message.SenderName,
        ["text"] = Bson.Text(message.Text),
        ["img"] = Bson.Text(message.ImageUrl),
        ["imgs"] = Bson.List(message.ImageUrls),
        ["audio"] = Bson.Text(message.AudioUrl),
        ["rid"] = Bson.Text(message.ReplyToId),
        ["rtext"] = Bson.Text(message.ReplyToText),
        ["rtitle"] = Bson.Text(message.ReportTitle),
        ["rdesc"] = Bson.Text(message.ReportDescription),
        ["run"] = Bson.Text(message.TaskRunId),
        ["at"] = Bson.Time(message.CreatedAt),
        [ConversationKey] = SortKeys.Of(message.ConversationId, message.Seq),
    };

    public static Message To(BsonDocument doc) => new()
    {
        Id = doc["id"] is { IsString: true } id ? id.AsString : doc["_id"].AsString,
        Seq = doc["seq"].AsInt64,
        ConversationId = doc["conv"].AsString,
        AgentId = doc["agent"].AsString,
        Sender = (MessageSender)doc["sender"].AsInt32,
        SenderId = Bson.ReadText(doc["sid"]),
        SenderName = Bson.ReadRequiredText(doc["sname"]),
        Text = Bson.ReadText(doc["text"]),
        ImageUrl = Bson.ReadText(doc["img"]),
        ImageUrls = Bson.ReadList(doc["imgs"]),
        AudioUrl = Bson.ReadText(doc["audio"]),
        ReplyToId = Bson.ReadText(doc["rid"]),
        ReplyToText = Bson.ReadText(doc["rtext"]),
        ReportTitle = Bson.ReadText(doc["rtitle"]),
        ReportDescription = Bson.ReadText(doc["rdesc"]),
        TaskRunId = Bson.ReadText(doc["run"]),
        CreatedAt = Bson.ReadTime(doc["at"]),
    };
}
