using System.Runtime.CompilerServices;

// Lets the queue tests call QueueIndex.CheckInvariants (structure checks that are not part of the API).
[assembly: InternalsVisibleTo("Balabaqsha.Domain.Tests")]
