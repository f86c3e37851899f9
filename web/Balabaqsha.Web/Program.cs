using Balabaqsha.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);
var options = builder.AddBalabaqshaBackend();
builder.AddBalabaqshaWeb(options);

var app = builder.Build();
app.UseBalabaqshaWeb(options);
app.Run();
