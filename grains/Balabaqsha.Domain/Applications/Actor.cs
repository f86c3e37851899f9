using Balabaqsha.Domain.Identity;

namespace Balabaqsha.Domain.Applications;

/// <summary>Who acts: a signed-in person with their role and scope, or the system itself.</summary>
public sealed record Actor(string Iin, Role Role, string FullName, string? CityId, string? KindergartenId)
{
    public static Actor System { get; } = new(string.Empty, Role.Administrator, string.Empty, null, null);

    public bool IsSystem => Iin.Length == 0;

    public bool IsDoctorOf(string cityId) => Role == Role.Doctor && CityId == cityId;

    public bool IsOperatorOf(string cityId) => Role == Role.Operator && CityId == cityId;
}
