namespace Balabaqsha.Web;

/// <summary>Marker type of the portal's UI strings (Resources/SharedResource.resx, .ru.resx, .kk.resx).</summary>
/// <remarks>
/// This file is deliberately not named SharedResource.cs: the SDK would then name the embedded .resx
/// after this class (Balabaqsha.Web.SharedResource) instead of its folder
/// (Balabaqsha.Web.Resources.SharedResource), where the localizer with ResourcesPath = "Resources" looks.
/// </remarks>
public sealed class SharedResource;
