global using Nod.Model;
global using Nod.Protocol;
