namespace Balabaqsha.Web.Components.Shared;

/// <summary>An option of a <see cref="SelectField"/> or a <see cref="RadioField"/>.</summary>
public sealed record SelectOption(string Value, string Text);
