namespace Nod.Model;

/// <summary>A pattern the agent offers for "Always Allow" on a permission request.</summary>
/// <param name="Pattern">The rule pattern; <c>*</c> matches any run of characters.</param>
/// <param name="Label">What the button says.</param>
public sealed record AlwaysAllowOption(string Pattern, string Label);
