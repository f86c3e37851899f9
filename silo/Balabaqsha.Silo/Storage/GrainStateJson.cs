using Newtonsoft.Json;
using NodaTime;
using NodaTime.Serialization.JsonNet;
using Orleans.Serialization;
using Orleans.Storage;

namespace Balabaqsha.Silo.Storage;

/// <summary>
/// The JSON written for grain state. Orleans' default storage settings are not kept:
/// <list type="bullet">
/// <item>they embed .NET type names (<c>TypeNameHandling.All</c>), so renaming or moving a state class
/// would make stored state unreadable, and Orleans 10 then refuses every type that is not on its
/// allow-list (state records without <c>[GenerateSerializer]</c>);</item>
/// <item>they omit default and null values, so a property whose initializer is not the default
/// (<c>= true</c>, <c>= "kk"</c>) would come back with the initializer instead of the stored value;</item>
/// <item>they cannot read NodaTime values back.</item>
/// </list>
/// The state type is always known when reading, so no type names are needed. State types must
/// therefore be concrete all the way down (no abstract or interface-typed members holding
/// subclasses); interface-typed collections (<c>IReadOnlyList&lt;T&gt;</c>) read back as lists.
/// </summary>
public static class GrainStateJson
{
    /// <summary>The serializer settings for grain state (no grain references are ever stored in state).</summary>
    public static JsonSerializerSettings CreateSettings()
    {
        // Built without the container: Orleans' default settings resolve runtime services, and
        // resolving them while the storage options are being configured deadlocks the host when a
        // hosted service asks for the grain factory at start.
        var settings = new JsonSerializerSettings();
        settings.TypeNameHandling = TypeNameHandling.None;
        settings.PreserveReferencesHandling = PreserveReferencesHandling.None;
        settings.DefaultValueHandling = DefaultValueHandling.Include;
        settings.NullValueHandling = NullValueHandling.Include;
        // Always build new collections: populating one created by a property initializer would
        // append to it (or to a shared static instance).
        settings.ObjectCreationHandling = ObjectCreationHandling.Replace;
        settings.MissingMemberHandling = MissingMemberHandling.Ignore;
        settings.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        return settings;
    }

    /// <summary>The grain storage serializer that <see cref="StorageSetup.AddBalabaqshaStorage"/> installs.</summary>
    public static IGrainStorageSerializer CreateSerializer() =>
        new JsonGrainStorageSerializer(new OrleansJsonSerializer(
            Microsoft.Extensions.Options.Options.Create(new OrleansJsonSerializerOptions { JsonSerializerSettings = CreateSettings() })));
}
